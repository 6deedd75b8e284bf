"""A claim suggestion's topic, stance and target, guessed from the surface (pure, no I/O).

* **Topic**: the codebook topic whose name or an alias has all its words in the claim's sentence
  (whole words, case-insensitive); the one with most words wins, and two topics tied at the most
  words are ambiguous. Where the sentence names none (or is ambiguous), the topic of the same
  claimant's nearest earlier claim in this article, else the topic its claims in the corpus have
  most often (where the sentence was ambiguous, only a topic among the tied ones is taken); else
  none.
* **Stance**: only where the wording says it: "called for", "demanded", "supports", "backed", ...
  support; "rejected", "condemned", "opposed", "denied", "refused", "accused", ... oppose. A
  negation just before the cue ("did not support") turns support into opposition and drops an
  opposition ("did not deny" is not support); cues of both stances in one sentence give none.
* **Target**: the actor mention right after "accused", "criticised", "urged", "called on", ...
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.model import Stance, Topic

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SUPPORT = r"called\s+for|calls\s+for|call\s+for|demanded|demands|demand|supports|supported|support|backed|backs|endorsed|endorses|endorse|welcomed|welcomes|welcome|praised|praises"
_OPPOSE = (
    r"rejected|rejects|reject|condemned|condemns|condemn|opposed|opposes|oppose|denied|denies|deny|refused|refuses|refuse|"
    r"accused|accuses|criticised|criticized|criticises|criticizes|blamed|blames|denounced|denounces"
)
_CUE = re.compile(rf"\b(?:(?P<supports>{_SUPPORT})|(?P<opposes>{_OPPOSE}))\b", re.IGNORECASE)
# "not", "n't", "never", "no longer" among the three words before the cue, in the same clause
_NEGATION = re.compile(r"(?:\b(?:not|never|no\s+longer)|n[’']t)(?:\s+\w+){0,2}\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]")
TARGET_VERBS = re.compile(
    r"\b(?:accused|accuses|accusing|criticised|criticized|criticises|criticizes|criticising|criticizing|urged|urges|urging|"
    r"called\s+on|calls\s+on|calling\s+on|blamed|blames|condemned|condemns|warned|warns)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


@dataclass(frozen=True)
class CodedClaim:
    """A claim the coder already coded in this article: where it starts, whose, its topic."""

    start: int
    actor_id: str
    topic: str


def topic_in_sentence(sentence: str, topics: Sequence[Topic]) -> tuple[str | None, tuple[str, ...]]:
    """(the topic the sentence names, or None; the topics tied at the most words when it is ambiguous)."""
    words = _words(sentence)
    best: dict[str, int] = {}
    for topic in topics:
        for name in (topic.name, *topic.aliases):
            needed = _words(name)
            if needed and needed <= words:
                best[topic.name] = max(best.get(topic.name, 0), len(needed))
    if not best:
        return None, ()
    most = max(best.values())
    tied = tuple(sorted(name for name, size in best.items() if size == most))
    return (tied[0], ()) if len(tied) == 1 else (None, tied)


def guess_topic(
    sentence: str,
    topics: Sequence[Topic],
    *,
    actor_id: str | None = None,
    start: int = 0,
    coded: Iterable[CodedClaim] = (),
    corpus: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """The topic (its codebook name) of a claim in ``sentence`` starting at ``start``, by
    ``actor_id``: see the module's docstring. ``coded``: this article's coded claims; ``corpus``:
    per actor, the topics of their claims across the corpus."""
    if not topics:
        return None
    named, tied = topic_in_sentence(sentence, topics)
    if named is not None:
        return named
    names = {n.casefold(): t.name for t in topics for n in (t.name, *t.aliases)}  # a claim may name its topic by an alias
    allowed = set(tied) if tied else set(names.values())
    if actor_id is None:
        return None
    earlier = [(c.start, names.get(c.topic.casefold())) for c in coded if c.actor_id == actor_id and c.start < start]
    earlier = [(at, name) for at, name in earlier if name in allowed]
    if earlier:
        return max(earlier)[1]
    counts = Counter(name for t in (corpus or {}).get(actor_id, ()) if (name := names.get(t.casefold())) in allowed)
    if not counts:
        return None
    [(first, n), *rest] = counts.most_common(2) + [("", -1)]
    return first if rest[0][1] < n else None  # two topics as frequent: none


def guess_stance(text: str, start: int, end: int, sentence_start: int | None = None) -> Stance | None:
    """The stance the wording of ``text[start:end]`` (the claim and its verb) states, or None; a
    negation is looked for back to ``sentence_start`` (default ``start``) within the cue's clause."""
    found: set[Stance] = set()
    first = start if sentence_start is None else min(start, sentence_start)
    for match in _CUE.finditer(text, start, end):
        stance = Stance.SUPPORTS if match.group("supports") else Stance.OPPOSES
        breaks = list(_CLAUSE_BREAK.finditer(text, first, match.start()))
        clause_start = breaks[-1].end() if breaks else first
        if _NEGATION.search(text[clause_start : match.start()]):
            if stance is Stance.OPPOSES:
                continue  # "did not deny": no stance said
            stance = Stance.OPPOSES
        found.add(stance)
    return found.pop() if len(found) == 1 else None


def target_after(text: str, start: int, end: int, mention_starts: Mapping[int, object]) -> object | None:
    """The mention (a value of ``mention_starts``, keyed by start) right after the first
    "accused" / "urged" / "called on" ... in ``text[start:end]``, or None."""
    for match in TARGET_VERBS.finditer(text, start, end):
        mention = mention_starts.get(match.end())
        if mention is not None:
            return mention
    return None
