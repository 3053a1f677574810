"""Synthetic referral corpus: families over a multi-year timeline, notes with labelled PII.

No real referral data may be used in this project, so this generator makes a corpus realistic
enough to exercise redaction, training, evaluation and the model card as a council's data
would, from a documented generative process (see the data card it writes):

>>> from referral_nlp.data.synthetic import SynthConfig, generate_corpus, write_corpus
>>> corpus = generate_corpus(SynthConfig(n=1000, seed=7))          # doctest: +SKIP
>>> write_corpus(corpus, "data/synthetic")                          # doctest: +SKIP

``referral-nlp synth --n N --seed S --out DIR`` does the same from the command line.
"""

from referral_nlp.data.synthetic.config import SynthConfig
from referral_nlp.data.synthetic.corpus import SyntheticCorpus, generate_corpus
from referral_nlp.data.synthetic.writer import write_corpus

__all__ = ["SynthConfig", "SyntheticCorpus", "generate_corpus", "write_corpus"]
