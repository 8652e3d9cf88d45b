from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("", views.listing, name="listing"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/<slug:slug>/", views.guidance, name="guidance"),
    path("videos/<int:pk>/<slug:part>/", views.video_file, name="video_file"),
    path("my-applications/", views.my_applications, name="my_applications"),
    path("my-applications/<str:reference>/", views.my_application, name="my_application"),
    path("my-applications/<str:reference>/step/<slug:step>/", views.step, name="step"),
    path("my-applications/<str:reference>/check/", views.check, name="check"),
    path("my-applications/<str:reference>/sent/", views.confirmation, name="confirmation"),
    path("my-applications/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("my-applications/<str:reference>/delete/", views.delete, name="delete"),
    path("my-applications/<str:reference>/download/", views.download, name="download"),
    path("staff/", views.staff_opportunities, name="staff_opportunities"),
    path("staff/new/", views.staff_opportunity_new, name="staff_opportunity_new"),
    path("staff/<int:pk>/edit/", views.staff_opportunity_edit, name="staff_opportunity_edit"),
    path("staff/<int:pk>/outreach/", views.staff_outreach, name="staff_outreach"),
    path("staff/applications/", views.staff_applications, name="staff_applications"),
    path("staff/applications/export.csv", views.staff_export, name="staff_export"),
    path("staff/applications/message/", views.staff_message_bulk, name="staff_message_bulk"),
    path("staff/applications/<str:reference>/", views.staff_application, name="staff_application"),
    path("staff/applications/<str:reference>/move/", views.staff_application_move, name="staff_application_move"),
    path("staff/applications/<str:reference>/notes/", views.staff_application_note, name="staff_application_note"),
    path(
        "staff/applications/<str:reference>/interviews/",
        views.staff_application_interview,
        name="staff_application_interview",
    ),
    path(
        "staff/applications/<str:reference>/messages/",
        views.staff_application_message,
        name="staff_application_message",
    ),
    path("staff/guidance/", views.staff_guidance, name="staff_guidance"),
]
