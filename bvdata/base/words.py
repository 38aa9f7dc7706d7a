"""The words a tracker uses for its own things, so every page, chart, table, paper and export says them:
what an item is ("action", "recommendation", "finding"), what groups items ("recommendation", "report",
"lead body") and who leads one ("Lead officer", "Lead body", "Person responsible")."""
from __future__ import annotations

from dataclasses import dataclass


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 recommendation', '2 recommendations', '1,204 actions': the grammar follows the count (the one
    pluraliser; ``labels`` offers it too)."""
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count:,} {word}"


@dataclass(frozen=True)
class Noun:
    singular: str
    plural: str

    def count(self, n: int) -> str:
        """'1 action', '12 actions', '8,843 recommendations'."""
        return plural(n, self.singular, self.plural)

    def all(self, n: int) -> str:
        """'all 12 actions', or 'the one action' (never 'all 1 actions')."""
        return f"the one {self.singular}" if n == 1 else f"all {self.count(n)}"

    def of(self, n: int) -> str:
        """The noun for ``n`` of them, without the number."""
        return self.singular if n == 1 else self.plural

    @property
    def title(self) -> str:
        """'Action': the singular as a heading."""
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def titles(self) -> str:
        """'Actions': the plural as a heading."""
        return self.plural[:1].upper() + self.plural[1:]


ACTIONS = Noun("action", "actions")
RECOMMENDATIONS = Noun("recommendation", "recommendations")


@dataclass(frozen=True)
class Words:
    item: Noun = ACTIONS
    group: Noun = RECOMMENDATIONS
    person: str = "Lead officer"
    people: str = "Lead officers"

    def leads(self, n: int) -> str:
        """'3 lead officers', '1 lead body': a count of the people (or bodies) who lead items."""
        return f"{n:,} {(self.person if n == 1 else self.people).lower()}"

    @property
    def noun(self) -> tuple[str, str]:
        """The item as (singular, plural), as older callers take it."""
        return (self.item.singular, self.item.plural)


DEFAULT_WORDS = Words()


def words_of(noun=None) -> Words:
    """Words from what a caller passes: Words as they are, an item's (singular, plural), or the defaults."""
    if isinstance(noun, Words):
        return noun
    if noun:
        return Words(item=Noun(*noun))
    return DEFAULT_WORDS
