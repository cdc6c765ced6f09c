"""Custom Rasa NLU components. Part of the trained model: `make train` reruns when these change."""
