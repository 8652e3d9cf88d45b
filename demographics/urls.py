from django.urls import path

from . import views

app_name = "demographics"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<slug:key>/", views.question, name="question"),
    path("thank-you/", views.done, name="done"),
    path("your-answers/", views.summary, name="summary"),
    path("your-answers/download.<str:fmt>", views.download, name="download"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invite/", views.invite, name="invite"),
    path("question-sets/", views.question_sets, name="question_sets"),
    path("question-sets/<int:version>/", views.question_set, name="question_set"),
    path("question-sets/<int:version>/copy/", views.question_set_copy, name="question_set_copy"),
    path("question-sets/<int:version>/details/", views.question_set_details, name="question_set_details"),
    path("question-sets/<int:version>/publish/", views.question_set_publish, name="question_set_publish"),
    path("question-sets/<int:version>/questions/new/", views.question_edit, name="question_new"),
    path("question-sets/<int:version>/questions/<slug:key>/", views.question_edit, name="question_edit"),
    path("question-sets/<int:version>/questions/<slug:key>/delete/", views.question_delete, name="question_delete"),
]
