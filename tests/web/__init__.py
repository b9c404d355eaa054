"""Tests of the HTTP API, the serve command and the dashboard."""
