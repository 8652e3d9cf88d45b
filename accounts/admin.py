from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User
from .requests import request_person
from .roles import Role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    # Django's two-box selector draws icons that axe rejects (an aria-label on a bare span); plain
    # controls are read out properly: a tick box for each role, a list for permissions.
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """A role ticked or unticked here is given or taken away by the same services as anywhere
        else, and audited: an Equality lead or Administrator is let into admin (is_staff) as they
        would be anywhere, and leaves it, and stops being a superuser, when the role goes."""
        user = form.instance
        assert isinstance(user, User)
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        actor = request_person(request)
        for role in sorted((before - after) & set(Role.values)):
            services.user_remove_role(user=user, role=Role(role), actor=actor)
        for role in sorted((after - before) & set(Role.values)):
            services.user_add_role(user=user, role=Role(role), actor=actor)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.user_delete(user=obj, actor=request_person(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_delete(user=user, actor=request_person(request))
