"""Student endpoints. Visibility comes from ``students.selectors``, writes go through
``students.services`` — exactly as on the pages.

- ``serializers``: what the endpoints read and answer;
- ``views``: the viewset.
"""

from .views import StudentViewSet

__all__ = ["StudentViewSet"]
