"""The English dictionary a lower-case name is told from a word by: the spaCy model's own.

A hurried note, a child's writing or a chat writes names in lower case ("me n kacper went",
"seen jayden today"). The first-name lists hold many everyday words too ("song",
"winter", "foster", "buddy"), so a lower-case word in them is a name only when no dictionary
holds it. English spaCy models ship WordNet's index of nouns, verbs, adjectives and adverbs in
their lemmatizer's tables; the redactor leaves the lemmatizer out of its pipeline (it reads no
lemmas), so its tables are read from the model's files once, at load, and kept on the
vocabulary. Reading them there, rather than shipping a word list, keeps one dictionary per
model and adds no download. A model without the tables has no dictionary, and the rules that
need one do not fire: a lower-case word is then never taken for a name on its own.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

#: The vocabulary table the dictionary is kept in, once loaded.
TABLE = "referral_nlp_english_words"
#: The lemmatizer's table of the words of each part of speech (WordNet's index).
_LEMMA_INDEX = "lemma_index"
#: ... and its irregular forms, each a part of speech's map from a form to its lemmas.
_LEMMA_EXCEPTIONS = "lemma_exc"


def _model_data_path(model: str) -> Path | None:
    """The directory holding a model's components: the model itself, or an installed package's
    versioned folder (as ``spacy.util.load_model_from_init_py`` finds it)."""
    import spacy.util

    # spaCy's own order: an installed package first, then a directory.
    if spacy.util.is_package(model):
        package = spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(package)
        return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    path = Path(model)
    return path if path.is_dir() else None


def attach_english_words(nlp, model: str) -> bool:
    """Keep the model's dictionary on ``nlp``'s vocabulary; False when the model has none."""
    from spacy.lookups import Lookups, Table

    if nlp.vocab.lookups.has_table(TABLE):
        return True
    if nlp.lang != "en":
        logger.warning("spaCy model %s is not English: lower-case names need a cue", model)
        return False
    index = None
    if "lemmatizer" in nlp.pipe_names:
        index = nlp.get_pipe("lemmatizer").lookups
    else:
        data = _model_data_path(model)
        folder = data / "lemmatizer" / "lookups" if data is not None else None
        if folder is not None and (folder / "lookups.bin").is_file():
            index = Lookups().from_disk(folder)
    if index is None or not index.has_table(_LEMMA_INDEX):
        # The same configuration then redacts differently, so it is said where it is seen.
        logger.warning("spaCy model %s has no lemma index: lower-case names need a cue", model)
        return False
    words = {w for part in index.get_table(_LEMMA_INDEX).values() for w in part}
    if index.has_table(_LEMMA_EXCEPTIONS):
        # Irregular forms are words too ("hung", "jarred"); the index holds base forms only.
        for forms in index.get_table(_LEMMA_EXCEPTIONS).values():
            words.update(forms)
    nlp.vocab.lookups.set_table(TABLE, Table.from_dict(dict.fromkeys(words, True), name=TABLE))
    return True


def english_dictionary(doc):
    """The dictionary kept on ``doc``'s vocabulary, or on a vocabulary itself (``word in it``),
    or None without one."""
    lookups = getattr(doc, "vocab", doc).lookups
    return lookups.get_table(TABLE) if lookups.has_table(TABLE) else None


#: Regular endings and what each may stand for: "sports" -> "sport", "carried" -> "carry".
_ENDINGS = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("est", ""),
    ("ly", ""),
)


def _base_forms(low: str) -> set[str]:
    """``low`` and the base forms a regular ending may hide ("running" -> "run")."""
    forms = {low}
    for ending, base in _ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            stem = low[: -len(ending)]
            forms.add(stem + base)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # a doubled consonant: "planned" -> "plan"
    return forms


def holds_word(english, low: str) -> bool:
    """``english`` (a dictionary of base forms, :func:`english_dictionary`) holds ``low`` in
    some regular form: "sports", "visited" and "planned" are words though the index holds only
    "sport", "visit" and "plan"."""
    return any(base in english for base in _base_forms(low))


#: Endings that make a word of a word, beyond the inflections ``holds_word`` reads.
_DERIVED = ("able", "ible", "ment", "ness", "ful", "less", "ise", "ised", "ize", "ized")
#: Prefixes that make a word of a word: "uncontactable", "selfharm", "overdosed".
_PREFIXES = ("un", "non", "self", "over", "under", "re", "de", "dis", "mis", "pre", "anti", "co")
#: The field's words that WordNet lacks and a note writes after "mum" or "dad".
_FIELD_WORDS = frozenset(
    "covid rehab detox eupd schizo meds hosp psych camhs dv da asd adhd ptsd ocd bipolar "
    "postnatal antenatal perinatal mh sm ed".split()
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def near_word(english, low: str) -> bool:
    """``low`` is a word with a slip of the keyboard in it, or a word made of words: a letter
    left out ("diclosed", "grbbed"), or typed twice ("shoouts", "acceepted"), two letters
    swapped ("inforemd", "adn", "cotnactable"), a derived ending
    or a prefix ("contactable", "uncontactable", "selfharm"), two words run together
    ("hungover"), or a word of the field that the dictionary lacks ("rehab", "eupd"). A hurried
    note is full of these, and a rule that takes a word no dictionary holds for a name must not
    take them. A letter changed for another is not counted, and a slip counts only when it
    gives a stop word or a word of six letters or more: a name is often one letter from a
    short word ("hania", "mania"; "rasa", "rasta"; "esra", "sera").
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    def known(word: str) -> bool:
        return word in STOP_WORDS or holds_word(english, word)

    def slip_gives(word: str) -> bool:
        # Short words one slip from a name are many and obscure ("rasta", "sera", "bursa").
        return word in STOP_WORDS or (len(word) >= 6 and (known(word) or derived(word)))

    def derived(word: str) -> bool:
        return any(
            word.endswith(ending)
            and len(word) > len(ending) + 2
            and (known(word[: -len(ending)]) or known(word[: -len(ending)] + "e"))
            for ending in _DERIVED
        )

    if low in _FIELD_WORDS or derived(low):
        return True
    for prefix in _PREFIXES:
        rest = low[len(prefix) :]
        if low.startswith(prefix) and len(rest) >= 4 and (known(rest) or near_word(english, rest)):
            return True
    if any(known(low[:i]) and known(low[i:]) for i in range(3, len(low) - 2)):
        return True
    swapped = (low[:i] + low[i + 1] + low[i] + low[i + 2 :] for i in range(len(low) - 1))
    doubled = (low[:i] + low[i + 1 :] for i in range(len(low)))  # a letter typed twice
    missing = (low[:i] + c + low[i:] for i in range(len(low) + 1) for c in _LETTERS)
    return any(slip_gives(w) for w in (*swapped, *doubled)) or any(slip_gives(w) for w in missing)
