"""The placements app's pages: ``student`` and ``course`` make the bpv tab of the student
page (namespace ``placements``)."""
