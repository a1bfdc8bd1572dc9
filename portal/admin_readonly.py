"""A record's admin page that nobody can edit reads as Django reads it to staff without the
change permission: titled "View <record>", with no Save buttons (only "Close").

Django does this by itself when `has_change_permission` is False. Many of our pages are
read-only for everyone, though: the state of a complaint, a desk request, a booking or a
permit moves only through services (the page's own actions, the list's actions), so all
their fields are read-only even for staff who may act on them. `ReadOnlyPageAdmin` gives
those pages the same title and buttons. A page is read-only when the ModelAdmin says so
(`readonly_page = True`), or when its form has no editable field left and no inline can
add, change or delete a row.

Put it before `admin.ModelAdmin` in the bases (ObjectActionsAdmin carries it already).
"""

from django.utils.translation import gettext

NO_SAVE = {"show_save": False, "show_save_and_continue": False,
           "show_save_and_add_another": False}


class ReadOnlyPageAdmin:
    readonly_page = False

    def page_is_read_only(self, request, context, obj) -> bool:
        if self.readonly_page:
            return True
        editable_inline = any(
            inline.has_add_permission or inline.has_change_permission
            or inline.has_delete_permission for inline in context["inline_admin_formsets"])
        return not context["adminform"].form.fields and not editable_inline

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if change and obj is not None and self.page_is_read_only(request, context, obj):
            # Django's own words for a page the reader may only look at ("View %s").
            context.update(NO_SAVE, title=gettext("View %s") % self.opts.verbose_name)
        return super().render_change_form(request, context, add=add, change=change,
                                          form_url=form_url, obj=obj)
