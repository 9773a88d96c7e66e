from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify_index, name="verify_index"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("issuer/", views.issuer, name="issuer"),
    path("mine/", views.mine, name="mine"),
    path("record/", views.my_record, name="record"),
    path("record/record.pdf", views.my_record_pdf, name="record_pdf"),
    path("record/<str:token>/", views.shared_record, name="shared_record"),
    path("track/<str:code>/certificate.pdf", views.track_pdf, name="track_pdf"),
    path("track/<str:code>/credential.json", views.track_credential, name="track_credential"),
    path("<str:code>/certificate.pdf", views.pdf, name="pdf"),
    path("<str:code>/credential.json", views.credential, name="credential"),
    path("classes/<int:pk>/", views.class_certificates, name="class_certificates"),
    path("classes/<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("templates/<int:pk>/apply/", views.apply_template, name="apply_template"),
]
