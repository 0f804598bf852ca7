"""Drives ClinicLedger's Cliniko dialect with a Cliniko client no one here wrote: ClinikoClient from
the PyPI package cliniko-mcp-server (0.1.1), unchanged except that its base URL points at us. It sends
what it sends to Cliniko: Basic auth with the key and an empty password, its own User-Agent, JSON
bodies, `page`/`per_page`, and follows `links.next`.

    python cliniko-client-check.py BASE_URL API_KEY PATIENT_ID

BASE_URL ends in /v1/; the organization has a business "Main" (with a time zone), a practitioner
who works there on Mondays 08:00-17:00, a group appointment type "Group Pilates" (8 places), and
PATIENT_ID is a patient's Cliniko id. Exits non-zero, saying what differed, on the first surprise.
"""
import asyncio
import datetime
import sys

from cliniko_mcp.client import ClinikoAPIError, ClinikoClient


def check(condition, what):
    if not condition:
        raise SystemExit(f"cliniko client check failed: {what}")


async def main(base, key, patient):
    client = ClinikoClient(key)
    client.base_url = base
    try:
        businesses = await client.get_all_pages("businesses")
        main_business = next((b for b in businesses if b.get("business_name") == "Main"), None)
        check(main_business is not None, f"no business Main in {businesses}")
        practitioners = await client.get_all_pages("practitioners")
        check(practitioners, "no practitioners")
        practitioner = practitioners[0]
        types = await client.get_all_pages("appointment_types")
        pilates = next((t for t in types if t.get("name") == "Group Pilates"), None)
        check(pilates is not None and pilates.get("max_attendees") == 8, f"no Group Pilates type with 8 places in {types}")

        # Next Monday 15:00 UTC: inside the practitioner's hours in New York, winter or summer.
        today = datetime.datetime.now(datetime.timezone.utc).date()
        monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)
        starts = f"{monday.isoformat()}T15:00:00Z"
        created = await client.post("group_appointments", {
            "appointment_type_id": pilates["id"], "business_id": main_business["id"], "practitioner_id": practitioner["id"],
            "starts_at": starts, "notes": "Core strength",
            "repeat_rule": {"repeat_type": "Weekly", "number_of_repeats": 3, "repeating_interval": 1},
        })
        first = created.get("id")
        check(isinstance(first, str) and first.isdigit(), f"id is not an int64 string: {created}")
        check(created.get("starts_at") == starts and created.get("ends_at") == f"{monday.isoformat()}T15:45:00Z",
              f"times: {created.get('starts_at')} – {created.get('ends_at')}")
        check(created.get("max_attendees") == 8, f"max_attendees defaults from the type: {created.get('max_attendees')}")

        # The repeats, two per page, following links.next as the client does.
        repeats = await client.get_all_pages("group_appointments", params={"q[]": [f"repeated_from_id:={first}"], "per_page": 2})
        check(len(repeats) == 3, f"3 repeats expected, got {len(repeats)}")
        weeks = sorted(r["starts_at"][:10] for r in repeats)
        check(weeks == [(monday + datetime.timedelta(weeks=w)).isoformat() for w in (1, 2, 3)], f"weekly dates: {weeks}")

        attendee = await client.post("attendees", {"booking_id": first, "patient_id": patient})
        check(isinstance(attendee.get("id"), str), f"attendee: {attendee}")
        fetched = await client.get(f"group_appointments/{first}")
        check(fetched.get("patient_ids") == [patient], f"patient_ids: {fetched.get('patient_ids')}")
        conflicts = await client.get(f"group_appointments/{first}/conflicts")
        check(conflicts == {"conflicts": {"exist": False}}, f"conflicts: {conflicts}")
        attendees = await client.get_all_pages(f"group_appointments/{first}/attendees")
        check([a["id"] for a in attendees] == [attendee["id"]], f"attendees of the booking: {attendees}")

        # The client's error parsing reads our 422 envelope.
        try:
            await client.post("group_appointments", {
                "appointment_type_id": pilates["id"], "business_id": "1", "practitioner_id": practitioner["id"], "starts_at": starts})
            check(False, "an unknown business was accepted")
        except ClinikoAPIError as error:
            check(error.status_code == 422 and "business_id" in error.details.get("errors", {}), f"422 naming business_id: {error.details}")

        check(await client.delete(f"group_appointments/{first}") is True, "DELETE did not answer 204")
        try:
            await client.get(f"group_appointments/{first}")
            check(False, "an archived group appointment is read without an archived_at filter")
        except ClinikoAPIError as error:
            check(error.status_code == 404, f"archived get: {error.status_code}")
        archived = await client.get(f"group_appointments/{first}", params={"q[]": "archived_at:*"})
        check(archived.get("archived_at") is not None, f"archived_at: {archived.get('archived_at')}")
    finally:
        await client.close()
    print("cliniko client check passed")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
