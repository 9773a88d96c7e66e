"""The enrolment views, one module per audience: learner, instructor, staff."""
