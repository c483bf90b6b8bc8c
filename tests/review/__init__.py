"""Tests of the review page (pipeline.review), in a browser too."""
