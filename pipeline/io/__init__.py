"""Reading and writing, with no knowledge of the stages: article inputs in JSON Lines, Parquet,
text with a sidecar and TimeML (`articles`, `article_formats`, `timeml`), partitions of inputs for
a cluster (`partitions`), MEANTIME documents (`meantime`), fact tables in Parquet, CSV and JSON
Lines and Parquet datasets (`tables`, `writing`, `datasets`), and what a run may write where,
with its lock (`paths`). Files are written whole or not at all."""
