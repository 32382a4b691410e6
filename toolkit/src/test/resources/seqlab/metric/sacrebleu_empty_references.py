#!/usr/bin/env python3
"""Reference values for the empty-reference tests of seqlab.metric.BleuTest and ChrfTest, from sacreBLEU.

The committed values came from sacreBLEU 2.6.0 (printed first). sacreBLEU 2.2 and later keep an empty string as a
reference of length 0; 2.0 and 2.1 dropped it. Run: python3 sacrebleu_empty_references.py
"""
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

print("sacrebleu", sacrebleu.__version__)
hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
a = ["", "It was not unexpected.", "The man bit him first."]
b = ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."]
print("README variable references, BLEU", repr(BLEU().corpus_score(hyps, [a, b]).score))
print("README variable references, chrF", repr(CHRF().corpus_score(hyps, [a, b]).score))
print("['a'] vs '' and 'a b c d':", BLEU().corpus_score(["a"], [[""], ["a b c d"]]))
print("['a b c', 'x'] vs ['a b c', '']:", BLEU().corpus_score(["a b c", "x"], [["a b c", ""]]),
      "chrF", repr(CHRF().corpus_score(["a b c", "x"], [["a b c", ""]]).score))
print("only empty references: BLEU", BLEU().corpus_score(["a b c"], [[""]]).score,
      "chrF", CHRF().corpus_score(["a b c"], [[""]]).score)
