from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/insights/", views.insights, name="insights"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/files/", views.attachments, name="attachments"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("payments/receipts/<int:pk>/", views.receipt_download, name="receipt"),
    path("payments/rates/", views.rates, name="rates"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/accountability/", views.accountability, name="accountability"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("payments/", views.payments, name="payments"),
    path("payments/export.csv", views.payments_export, name="payments_export"),
]
