"""The placements app's URLs, in three parts mounted by ``entree.urls``:

- ``student``: the bpv tab of the student page, under ``/studenten/<uuid>/bpv/``
  (namespace ``placements``);
- ``network``: the institution's companies and the bpv-begeleider's visits, under
  ``/bpv/`` (namespace ``bpv``);
- ``api``: the endpoints under ``/api/v1/``.
"""
