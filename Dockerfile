FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Production dependencies only, from the lock: no test tools, no Faker (the demo extra).
COPY requirements/base.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
COPY --from=assets /app/static/dist ./static/dist
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore static --ignore staticfiles
RUN DJANGO_DEBUG=true DJANGO_MANIFEST_STATIC=true python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 app && chown -R app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "mind_involve.wsgi:application"]
