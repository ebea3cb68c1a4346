"""Batch runs over corpora on Dask: partitions of input, the pipeline on every worker, Parquet out."""
