"""The `Drafter` interface and its two implementations: offline and language model.

Pages and services call one of these and get drafts plus the GenerationRecord. The LLM
drafter takes any object with `generate(prompt)` / `stream(prompt)` (assistant.llm.LLMClient),
so this package never imports the openai client itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from assistant.drafting.fidelity import voice_fidelity
from assistant.drafting.offline import draft_offline
from assistant.drafting.records import Draft, DraftResult, GenerationRecord
from assistant.drafting.replies import reply_offline
from assistant.drafting.rewrite import ACTIONS, rewrite_offline
from assistant.drafting.structured import DraftTextStream
from assistant.drafting.text import LINKEDIN_FOLD, LINKEDIN_LIMIT, X_LIMIT, language_of
from assistant.drafting.voice import VoiceProfile
from assistant.drafting.wording import prompt_language, supported
from assistant.errors import ExternalServiceError, InvalidInput
from assistant.i18n import _
from assistant.prompts import render

PLATFORM_RULES = {
    "x": f"X: at most {X_LIMIT} characters (links count 23, emoji count 2). One idea. At most one hashtag, "
    "only if the executive uses hashtags. No thread.",
    "linkedin": f"LinkedIn: 400 to 1,300 characters (hard limit {LINKEDIN_LIMIT:,}). The first line is the hook and "
    f"must work alone: readers only see about {LINKEDIN_FOLD} characters before 'see more'. Short paragraphs.",
}

TRANSLATE_TO = {"translate_fr": "fr", "translate_en": "en"}


class ModelClient(Protocol):
    def generate(self, prompt: Any) -> Any: ...
    def stream(self, prompt: Any) -> Any: ...


class DraftStream:
    """Iterate for readable text (feed it to st.write_stream); then read `.result`."""

    def __init__(self, chunks: Iterable[str], finish) -> None:
        self._chunks, self._finish = chunks, finish
        self._result: DraftResult | None = None

    def __iter__(self) -> Iterator[str]:
        yield from self._chunks
        self._result = self._finish()

    @property
    def result(self) -> DraftResult:
        if self._result is None:
            raise RuntimeError("Iterate the stream to the end before reading its result.")
        return self._result


class Drafter(Protocol):
    label: str
    offline: bool

    # `language` ("fr", "en"): write in it; None = the language of the idea / text / mention,
    # else the executive's usual language.
    def draft(self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None) -> DraftResult: ...
    def stream_draft(
        self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None
    ) -> DraftStream: ...
    def rewrite(
        self, text: str, action: str, platform: str, profile: VoiceProfile, language: str | None = None
    ) -> DraftResult: ...
    def reply(
        self,
        mention: str,
        author: str,
        profile: VoiceProfile,
        context: str = "",
        notes: str = "",
        language: str | None = None,
    ) -> DraftResult: ...


class OfflineDrafter:
    label = "Offline drafter (no AI model)"
    offline = True

    def draft(self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None) -> DraftResult:
        return draft_offline(idea, platform, profile, language)

    def stream_draft(self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None) -> DraftStream:
        result = draft_offline(idea, platform, profile, language)
        chunks = ["\n\n---\n\n".join(d.text for d in result.drafts)]
        return DraftStream(chunks, lambda: result)

    def rewrite(
        self, text: str, action: str, platform: str, profile: VoiceProfile, language: str | None = None
    ) -> DraftResult:
        return rewrite_offline(text, action, platform, profile, language)

    def reply(
        self,
        mention: str,
        author: str,
        profile: VoiceProfile,
        context: str = "",
        notes: str = "",
        language: str | None = None,
    ) -> DraftResult:
        return reply_offline(mention, author, profile, notes, language)


class LLMDrafter:
    offline = False

    def __init__(self, client: ModelClient, executive_name: str = "the executive", label: str = "Language model"):
        self.client, self.executive_name, self.label = client, executive_name, label

    def _draft_prompt(self, idea: str, platform: str, profile: VoiceProfile, language: str):
        if platform not in PLATFORM_RULES:
            raise InvalidInput(_("Platform '{platform}' is not supported; use x or linkedin.", platform=platform))
        if not idea.strip():
            raise InvalidInput(_("The idea is empty: write an idea, a few notes or a link, then draft again."))
        # Examples in the language being written: French posts show the model the French voice.
        examples = profile.for_language(language).examples
        return render(
            "draft_posts",
            {
                "executive_name": profile.name or self.executive_name,
                "platform": platform,
                "platform_rules": PLATFORM_RULES[platform],
                "voice_summary": profile.summary(language),
                "voice_rules": _rules(profile),
                "examples": "\n\n".join(examples) or "(none)",
                "idea": idea,
                **prompt_language(language),
            },
        )

    def draft(self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None) -> DraftResult:
        language = _language(idea, profile, language)
        answer = self.client.generate(self._draft_prompt(idea, platform, profile, language))
        return _drafts(answer.data["drafts"], "angle", platform, profile, answer.record, expected=3, language=language)

    def stream_draft(self, idea: str, platform: str, profile: VoiceProfile, language: str | None = None) -> DraftStream:
        language = _language(idea, profile, language)
        stream = self.client.stream(self._draft_prompt(idea, platform, profile, language))
        shown = DraftTextStream()

        def chunks() -> Iterator[str]:
            for raw in stream:
                text = shown.feed(raw)
                if text:
                    yield text

        def finish() -> DraftResult:
            answer = stream.result
            return _drafts(
                answer.data["drafts"], "angle", platform, profile, answer.record, expected=3, language=language
            )

        return DraftStream(chunks(), finish)

    def rewrite(
        self, text: str, action: str, platform: str, profile: VoiceProfile, language: str | None = None
    ) -> DraftResult:
        if action not in ACTIONS:
            raise InvalidInput(
                _(
                    "Rewrite action '{action}' is unknown; use one of {choices}.",
                    action=action,
                    choices=", ".join(ACTIONS),
                )
            )
        # A translation writes in its target language; any other rewrite keeps the text's language.
        target = TRANSLATE_TO.get(action) or _language(text, profile, language)
        prompt = render(
            "rewrite",
            {
                "platform": platform,
                "platform_rules": PLATFORM_RULES.get(platform, ""),
                "action": ACTIONS[action],
                "voice_summary": profile.summary(target),
                "voice_rules": _rules(profile),
                "text": text,
                **prompt_language(target),
            },
        )
        answer = self.client.generate(prompt)
        item = [{"text": answer.data["text"], "angle": action}]
        return _drafts(item, "angle", platform, profile, answer.record, language=target)

    def reply(
        self,
        mention: str,
        author: str,
        profile: VoiceProfile,
        context: str = "",
        notes: str = "",
        language: str | None = None,
    ) -> DraftResult:
        # Answer in the mention's language; the executive's usual one when it is too short to tell.
        language = _language(mention, profile, language)
        prompt = render(
            "reply_mention",
            {
                "executive_name": profile.name or self.executive_name,
                "voice_summary": profile.summary(language),
                "voice_rules": _rules(profile),
                "mention_author": author,
                "mention_text": mention,
                "thread_context": context or "(none)",
                "delegate_notes": notes or "(none)",
                **prompt_language(language),
            },
        )
        answer = self.client.generate(prompt)
        return _drafts(answer.data["replies"], "tone", "x", profile, answer.record, expected=3, language=language)


def _language(text: str, profile: VoiceProfile, language: str | None) -> str:
    """The language asked for, else the one `text` is clearly written in, else the executive's usual one."""
    return supported(language) or language_of(text, profile.main_language)


def _rules(profile: VoiceProfile) -> str:
    return "\n".join(f"- {line}" for line in profile.rules_lines()) or "(none set)"


def _drafts(
    items: list[dict],
    angle_key: str,
    platform: str,
    profile: VoiceProfile,
    record: GenerationRecord,
    expected: int | None = None,
    language: str | None = None,
) -> DraftResult:
    drafts = [
        Draft(
            text=i["text"].strip(),
            platform=platform,
            angle=str(i.get(angle_key, "")),
            fidelity=voice_fidelity(i["text"], profile, language),
        )
        for i in items
        if i.get("text", "").strip()
    ]
    if not drafts:
        raise ExternalServiceError(_("The model returned no usable draft. Your text is kept; try again."))
    notes = (
        []
        if expected is None or len(drafts) == expected
        else [f"The model returned {len(drafts)} drafts instead of {expected}."]
    )
    return DraftResult(drafts=drafts[: expected or None], record=record, notes=notes)
