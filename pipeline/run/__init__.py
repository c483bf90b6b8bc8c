"""Running the pipeline: building, saving and loading it with its fingerprint (`build`), turning
articles into rows (`extract`), the one run every command and the Python API go through, with
its lock, errors table, manifest and report (`batch`, `changes`), the same on a Dask cluster
(`cluster`, `scheduler`), and the fact table as a pandas DataFrame (`frames`)."""
