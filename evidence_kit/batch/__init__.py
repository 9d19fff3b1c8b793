"""Many cases: split a portfolio export, parallel builds (local pool, Dask), progress, resume."""
