from django.urls import path

from placements.views import course, student

app_name = "placements"

# Under /studenten/<uuid>/bpv/: the bpv tab of the student page.
urlpatterns = [
    path("", student.student, name="student"),
    path("nieuw/", student.new, name="new"),
    path("<uuid:placement>/bewerken/", student.edit, name="edit"),
    path("<uuid:placement>/overeenkomst/", course.agreement, name="agreement"),
    path("<uuid:placement>/starten/", student.start, name="start"),
    path("<uuid:placement>/afronden/", course.finish, name="finish"),
    path("<uuid:placement>/afbreken/", course.stop, name="stop"),
    path("<uuid:placement>/resultaat/", course.outcome, name="outcome"),
    path("<uuid:placement>/bezoek/", course.visit_new, name="visit_new"),
    path("<uuid:placement>/bezoek/<uuid:visit>/", course.visit_edit, name="visit_edit"),
]
