from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("build/", views.build, name="build"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("benchmarks/<int:pk>/weight/", views.benchmark_weight, name="benchmark_weight"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/<slug:key>.csv", views.table_csv, name="csv"),
]
