"""factory_boy factories. Documents get unique text (and so a unique content hash)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim, Comment, Document, Evidence, Rating
from claims.services import documents as document_services
from claims.workflow import EDITORS_GROUP, RESEARCHERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        groups = {"researcher": RESEARCHERS_GROUP, "editor": EDITORS_GROUP}
        if create and extracted:
            self.groups.add(Group.objects.get(name=groups[extracted]))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    publisher = "The Daily Example"
    text = factory.Sequence(
        lambda n: (
            f"Document number {n}. Unemployment fell to 3.9 percent in 2019, "
            "the lowest rate since 1969. The mayor said the budget grew by $2 million."
        )
    )
    content_hash = factory.LazyAttribute(lambda d: document_services.content_hash(d.text))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    document = factory.SubFactory(DocumentFactory)
    start = factory.Sequence(lambda n: n * 10)
    end = factory.LazyAttribute(lambda c: c.start + 9)
    text = factory.Sequence(lambda n: f"Claim {n}: unemployment fell to 3.9 percent in 2019.")
    score = 0.75
    reasons = factory.LazyFunction(lambda: ["percentage: 3.9 percent", "year: 2019"])
    claim_type = "quantity"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://stats.example.org/report/{n}")
    title = "Labour force statistics"
    publisher = "Statistics Office"
    stance = "refutes"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    claim = factory.SubFactory(ClaimFactory)
    body = "Worth checking against the annual report."


def rating(slug: str = "false") -> Rating:
    """One of the ratings the data migration seeds."""
    return Rating.objects.get(slug=slug)
