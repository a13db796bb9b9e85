from demo.api import MAX_NAME_LENGTH


def test_greets_the_world_by_default(client):
    response = client.get("/api/greeting")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"message": "Hello, World!"}


def test_greets_the_given_name(client):
    response = client.get("/api/greeting", query_string={"name": " Ada "})
    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello, Ada!"}


def test_rejects_a_blank_name(client):
    response = client.get("/api/greeting", query_string={"name": "   "})
    assert response.status_code == 400
    assert "name must be" in response.get_json()["error"]


def test_rejects_an_overlong_name(client):
    response = client.get("/api/greeting", query_string={"name": "x" * (MAX_NAME_LENGTH + 1)})
    assert response.status_code == 400


def test_rejects_a_repeated_name(client):
    response = client.get("/api/greeting?name=a&name=b")
    assert response.status_code == 400


def test_serves_the_start_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"/api/greeting?name=Ada" in response.data


def test_unknown_path_is_404(client):
    assert client.get("/nope").status_code == 404
