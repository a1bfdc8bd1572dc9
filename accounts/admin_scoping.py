"""Admin base classes shared by the apps whose rows belong to a provider company.

Provider staff work in the admin on their own company only; the rule is written once here,
next to the roles it reads.
"""

from django.contrib import admin

from .roles import is_provider_staff, provider_for_staff


class ProviderScopedAdmin(admin.ModelAdmin):
    """Object-level rule: provider staff reach only rows of their own provider.

    `provider_path` is the lookup from the model to its provider ("" for Provider itself);
    `provider_staff_may` lists what provider staff may do here (view, change, add).
    """

    provider_path = "provider"
    provider_staff_may = ("view",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_provider_staff(request.user):
            return queryset
        provider = provider_for_staff(request.user)
        if provider is None:
            return queryset.none()
        return queryset.filter(**{self.provider_path or "pk": provider.pk})

    def _own(self, request, obj):
        provider = provider_for_staff(request.user)
        if provider is None:
            return False
        if obj is None:
            return True
        target = obj
        for part in filter(None, self.provider_path.split("__")):
            target = getattr(target, part)
        return target.pk == provider.pk

    def _staff_may(self, action, request, obj=None):
        return action in self.provider_staff_may and self._own(request, obj)

    def has_module_permission(self, request):
        if is_provider_staff(request.user):
            return self._own(request, None)
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return self._staff_may("view", request, obj) or self._staff_may("change", request,
                                                                             obj)
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return self._staff_may("change", request, obj)
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        if is_provider_staff(request.user):
            return self._staff_may("add", request)
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        if is_provider_staff(request.user):
            return False
        return super().has_delete_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True
