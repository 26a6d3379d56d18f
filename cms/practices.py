"""Who writes good practices and who publishes them.

Association editors write: everyone holding a role that acts as an association's editor (editor or
administrator, see `members.permissions.ROLE_PERMISSIONS`) is in the "Good practice authors" group, which
may open the admin, add practices under every good-practice library page (Wagtail's "add" permission,
which also lets them edit the practices they created, never others') and upload documents. They cannot
publish: saving offers "Submit to Good practice review", Wagtail's moderation workflow assigned to the
library pages, whose one task is reviewed by the secretariat (`members.permissions.SECRETARIAT_GROUP`).
The secretariat may add, edit and publish practices, and publishes by approving the task.

The group follows the roles: `practice_author_sync` adds or removes a person whenever one of their roles
is saved (granted by `members.services.role_grant`, ended by `role_end`), through the `post_save` receiver
that `CmsConfig.ready` connects (members sends no signal of its own for roles).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from federation.activity import log_action
from members.permissions import ACT_AS_EDITOR, ROLE_PERMISSIONS, SECRETARIAT_GROUP

PRACTICE_AUTHORS_GROUP = "Good practice authors"
REVIEW_WORKFLOW = "Good practice review"
REVIEW_TASK = "Secretariat review of good practices"

# The role kinds whose holders write practices for their association.
AUTHOR_ROLE_KINDS = tuple(kind for kind, permissions in ROLE_PERMISSIONS.items() if ACT_AS_EDITOR in permissions)

AUTHOR_PAGE_PERMISSIONS = ("add",)
SECRETARIAT_PAGE_PERMISSIONS = ("add", "change", "publish")
AUTHOR_DOCUMENT_PERMISSIONS = ("add", "choose")
SECRETARIAT_DOCUMENT_PERMISSIONS = ("add", "change", "choose")


def _page_permissions(actions) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(Page)
    return list(Permission.objects.filter(content_type=content_type, codename__in=[f"{action}_page" for action in actions]))


def _grant_collection(group: Group, actions) -> None:
    from wagtail.documents.models import Document

    root = Collection.get_first_root_node()
    if root is None:
        return
    content_type = ContentType.objects.get_for_model(Document)
    for permission in Permission.objects.filter(content_type=content_type, codename__in=[f"{action}_document" for action in actions]):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def _grant_pages(group: Group, pages, actions) -> None:
    permissions = _page_permissions(actions)
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def practice_authors_group_ensure() -> Group:
    """Create or complete the "Good practice authors" group: admin access, documents, and "add" on every
    good-practice library page. Safe to call again."""
    from cms.models import GoodPracticeIndexPage

    group, _created = Group.objects.get_or_create(name=PRACTICE_AUTHORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    _grant_collection(group, AUTHOR_DOCUMENT_PERMISSIONS)
    _grant_pages(group, GoodPracticeIndexPage.objects.all(), AUTHOR_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def practice_publishing_ensure() -> Workflow:
    """Set up writing and publishing of good practices on every library page: the authors' group, the
    secretariat's right to add, edit and publish, and the review workflow (one task, the secretariat's)
    assigned to each library page. Safe to call again; returns the workflow."""
    from cms.models import GoodPracticeIndexPage

    practice_authors_group_ensure()
    secretariat, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    libraries = list(GoodPracticeIndexPage.objects.all())
    _grant_pages(secretariat, libraries, SECRETARIAT_PAGE_PERMISSIONS)
    _grant_collection(secretariat, SECRETARIAT_DOCUMENT_PERMISSIONS)

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first() or GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(secretariat)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for library in libraries:
        WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return workflow


def practice_author_sync(*, user, by=None) -> bool:
    """Put `user` in the "Good practice authors" group while they hold an open editor or administrator
    role in any association, and take them out when they hold none. Returns whether they are an author.

    Side effects: the group's membership; activity log entry when it changes.
    """
    from members.models import Role

    group = practice_authors_group_ensure()
    is_author = Role.objects.filter(user=user, kind__in=AUTHOR_ROLE_KINDS, ends_on__isnull=True).exists()
    was_author = user.groups.filter(pk=group.pk).exists()
    if is_author and not was_author:
        user.groups.add(group)
        log_action(actor=by, action="cms.practice_author.added", target=user, data={"group": group.name})
    elif was_author and not is_author:
        user.groups.remove(group)
        log_action(actor=by, action="cms.practice_author.removed", target=user, data={"group": group.name})
    return is_author


def practice_authors_reconcile() -> int:
    """Bring everyone in line at once: each person holding an open editor or administrator role, and each
    member of the group (roles granted before the library existed, or written in bulk without `post_save`).
    Returns how many people are authors."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    group = practice_authors_group_ensure()
    people = (
        get_user_model()
        .objects.filter(Q(association_roles__kind__in=AUTHOR_ROLE_KINDS, association_roles__ends_on__isnull=True) | Q(groups=group))
        .distinct()
    )
    return sum(practice_author_sync(user=person) for person in people)


def _role_saved(sender, instance, raw=False, **kwargs):
    """A role was granted or ended (`members.services`): bring the person's authorship in line."""
    if raw or instance.kind not in AUTHOR_ROLE_KINDS:
        return
    practice_author_sync(user=instance.user, by=instance.ended_by if instance.ends_on else instance.granted_by)


def connect_signals():
    """Called once from `CmsConfig.ready`."""
    post_save.connect(_role_saved, sender="members.Role", dispatch_uid="cms.practices.role_saved")
