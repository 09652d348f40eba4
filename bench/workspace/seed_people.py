"""Adds N people (default 60) to the token's organisation through the Api (see bench/people.sh)."""
import http.client, json, os, ssl, sys

api_port, data, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
count = int(os.environ.get("PEOPLE_COUNT", "60"))
context = ssl.create_default_context(cafile=os.path.join(data, "pki", "ca.crt"))
connection = http.client.HTTPSConnection("localhost", api_port, context=context)
for i in range(count):
    body = json.dumps({"name": f"Person {i} Benchmark", "email": f"person{i}@example.test", "phone": "+44 20 7946 0000",
                       "dateOfBirth": "1980-01-01", "address": f"{i} Example Street, Exampletown", "notes": "Seeded for the people benchmark. " * 4})
    connection.request("POST", "/api/people", body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    assert response.status == 201, f"creating a person answered {response.status}"
