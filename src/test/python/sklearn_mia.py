#!/usr/bin/env python3
"""Reference membership-inference score computed the way the NeurIPS 2023 unlearning starting kit does it
(scikit-learn LogisticRegression, StratifiedShuffleSplit(n_splits=10) with its default test size 0.1, cross_val_score
accuracy, forget set truncated at random to the size of the test set), to compare the Java implementation with.

Usage: sklearn_mia.py FORGET_LOSSES TEST_LOSSES [SEED]   (files with one loss per line); prints the mean score.
"""
import sys

import numpy as np
from sklearn import linear_model, model_selection


def simple_mia(sample_loss, members, n_splits=10, random_state=0):
    attack_model = linear_model.LogisticRegression()
    cv = model_selection.StratifiedShuffleSplit(n_splits=n_splits, random_state=random_state)
    return model_selection.cross_val_score(attack_model, sample_loss, members, cv=cv, scoring="accuracy")


def main() -> None:
    forget = np.loadtxt(sys.argv[1])
    test = np.loadtxt(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rng = np.random.default_rng(seed)
    # Balance by random truncation of the larger group (the kit truncates the forget set to the test set's size).
    n = min(len(forget), len(test))
    forget = rng.permutation(forget)[:n]
    test = rng.permutation(test)[:n]
    samples = np.concatenate((test, forget)).reshape((-1, 1))
    labels = [0] * len(test) + [1] * len(forget)
    print(f"{simple_mia(samples, labels, random_state=seed).mean():.6f}")


if __name__ == "__main__":
    main()
