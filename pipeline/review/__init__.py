"""The review page: one self-contained HTML file of a fact table, its articles and, with gold,
its misses and scores (`page`), its SVG charts (`charts`), and the page's own HTML, CSS and
script (`assets/`)."""
