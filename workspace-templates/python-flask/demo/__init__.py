"""A small Flask application, built by an application factory."""
from flask import Flask, render_template


def create_app(test_config=None):
    """Creates the app; tests pass ``test_config`` to override settings."""
    app = Flask(__name__)
    if test_config is not None:
        app.config.update(test_config)

    from . import api

    app.register_blueprint(api.bp)

    @app.get("/")
    def index():
        return render_template("index.html")

    return app
