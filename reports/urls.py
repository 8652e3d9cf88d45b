from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("build/", views.build, name="build"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("benchmarks/<int:pk>/weight/", views.benchmark_weight, name="benchmark_weight"),
    path("<int:pk>/tables/", views.tables, name="tables"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/report.json", views.report_json, name="json"),
    path("builds/<int:pk>/status/", views.build_status, name="build_status"),
    path("<int:pk>/<slug:key>.csv", views.table_csv, name="csv"),
]
