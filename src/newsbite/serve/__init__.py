"""Serve: the JSON API, the web reader and output feeds over the store."""

from newsbite.serve.app import create_app

__all__ = ["create_app"]
