from django.urls import URLPattern

app_name = "recruitment"

# Pages arrive with the recruitment issue; the access-matrix test covers each one as it is added.
urlpatterns: list[URLPattern] = []
