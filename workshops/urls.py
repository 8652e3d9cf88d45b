from django.urls import URLPattern

app_name = "workshops"

# Pages arrive with the workshops issue; the access-matrix test covers each one as it is added.
urlpatterns: list[URLPattern] = []
