from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("build/", views.build, name="build"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/<slug:key>.csv", views.table_csv, name="csv"),
]
