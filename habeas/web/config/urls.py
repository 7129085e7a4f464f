"""URLs of the web app. Only the admin for now; the case views come with a later issue."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
