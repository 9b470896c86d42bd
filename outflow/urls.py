from django.urls import path

from outflow import (
    api,
    followup_api,
    followup_views,
    imports,
    notifications,
    overview_api,
    overview_views,
    public,
    views,
)

app_name = "outflow"

# Under /studenten/<uuid>/uitstroom/: the outflow tab of the student page.
urlpatterns = [
    path("", views.outflow, name="outflow"),
    path("registreren/", views.register, name="register"),
    path("corrigeren/", views.correct, name="correct"),
    path("checklist/", views.checklist, name="checklist"),
    path("partner/", views.partner_new, name="partner_new"),
    path("partner/<uuid:partner>/", views.partner, name="partner"),
    path("partner/<uuid:partner>/overdracht.pdf", views.partner_pdf, name="partner_pdf"),
    path("afronden/", views.close, name="close"),
    path("nazorg/<uuid:contact>/", followup_views.contact, name="contact"),
    path("nazorg/<uuid:contact>/link/", followup_views.checkin_link, name="checkin_link"),
]

#: Pages without login, at the site's root (entree.urls): a partner's confirmation link.
public_urlpatterns = [
    path("bevestigen/<str:token>/", public.confirm, name="confirm"),
    path("nazorg/<str:token>/", public.checkin, name="checkin"),
]

#: The functioneel beheerder's outflow import, next to the student import (entree.urls).
import_urlpatterns = [
    path("studenten/uitstroom-import/", imports.import_page, name="outflow_import"),
]

#: Under /api/v1/students/<uuid>/outflow/ (entree.urls).
api_urlpatterns = [
    path("", api.OutflowView.as_view(), name="api-outflow"),
    path("correction/", api.CorrectionView.as_view(), name="api-outflow-correction"),
    path("handover/", api.HandoverView.as_view(), name="api-outflow-handover"),
    path("close/", api.CloseView.as_view(), name="api-outflow-close"),
    path("contacts/", followup_api.ContactsView.as_view(), name="api-outflow-contacts"),
    path(
        "contacts/<uuid:contact>/", followup_api.ContactView.as_view(), name="api-outflow-contact"
    ),
    path("partners/", api.PartnersView.as_view(), name="api-outflow-partners"),
    path("partners/<uuid:partner>/", api.PartnerView.as_view(), name="api-outflow-partner"),
    path("partners/<uuid:partner>/steps/", api.PartnerStepView.as_view(), name="api-outflow-step"),
    path("partners/<uuid:partner>/link/", api.PartnerLinkView.as_view(), name="api-outflow-link"),
    path(
        "partners/<uuid:partner>/answer/",
        api.PartnerAnswerView.as_view(),
        name="api-outflow-answer",
    ),
]

#: At /meldingen/ (entree.urls, namespace "notifications"): the user's notification list.
notification_urlpatterns = [
    path("", notifications.notification_list, name="list"),
]

#: At /uitstroom/ (entree.urls, namespace "followup"): the coordinator's overview.
overview_urlpatterns = [
    path("", overview_views.dashboard, name="dashboard"),
    path("verwacht/", overview_views.expected, name="expected"),
    path("nazorg/", overview_views.contacts, name="contacts"),
    path("taken/", overview_views.tasks, name="tasks"),
    path("taken/<uuid:task>/afgehandeld/", overview_views.task_done, name="task_done"),
]

#: Under /api/v1/ (entree.urls): the follow-up lists, tasks and notifications of the user.
overview_api_urlpatterns = [
    path("follow-up/contacts/", overview_api.ContactListView.as_view(), name="api-followup"),
    path("follow-up/tasks/", overview_api.TaskListView.as_view(), name="api-tasks"),
    path(
        "follow-up/tasks/<uuid:task>/done/",
        overview_api.TaskDoneView.as_view(),
        name="api-task-done",
    ),
    path("notifications/", overview_api.NotificationListView.as_view(), name="api-notifications"),
    path(
        "notifications/read/",
        overview_api.NotificationsReadView.as_view(),
        name="api-notifications-read",
    ),
]
