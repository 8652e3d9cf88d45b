from django.urls import URLPattern

app_name = "demographics"

# Pages arrive with the demographics issue; the access-matrix test covers each one as it is added.
urlpatterns: list[URLPattern] = []
