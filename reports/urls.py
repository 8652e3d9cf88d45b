from django.urls import URLPattern

app_name = "reports"

# Pages arrive with the reports issue; the access-matrix test covers each one as it is added.
urlpatterns: list[URLPattern] = []
