from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/reply/", views.meeting_reply, name="meeting_reply"),
    path("<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("<int:pk>/people/new/", views.meeting_participant_add, name="meeting_participant_add"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/facilitator/", views.meeting_facilitator, name="meeting_facilitator"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/save/", views.minutes_save, name="minutes_save"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/insights/", views.insights, name="insights"),
    path("<int:pk>/insights/add/", views.insight_add, name="insight_add"),
    path("<int:pk>/insights/<int:insight_pk>/respond/", views.insight_respond, name="insight_respond"),
    path("<int:pk>/insights/<int:insight_pk>/actions/add/", views.insight_action_add, name="insight_action_add"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/files/", views.attachments, name="attachments"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("payments/receipts/<int:pk>/", views.receipt_download, name="receipt"),
    path("payments/rates/", views.rates, name="rates"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/accountability/", views.accountability, name="accountability"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("payments/", views.payments, name="payments"),
    path("payments/claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("payments/claims/<int:pk>/paid/", views.claim_mark_paid, name="claim_mark_paid"),
    path("payments/export.csv", views.payments_export, name="payments_export"),
]
