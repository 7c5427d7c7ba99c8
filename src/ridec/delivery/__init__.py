"""`ridec push`: compiled workouts delivered where riders use them.

One module per destination behind one interface (`base.Destination`: the format it takes,
where each workout goes, what a dry run shows, the delivery itself):

- `garmin`: a Garmin head unit mounted over USB, found through its `GarminDevice.xml`;
- `zwift`: a Zwift user's folder under `Documents/Zwift/Workouts`;
- `intervals`: an intervals.icu calendar, through its public API (`intervals_http` sends).

`accepts` names the format each takes (light enough for the CLI's help); `sources` compiles
the inputs through the public API (`ridec.api`), with every check `ridec compile` makes;
`folders` is what the two file destinations share; `names` makes the file names;
`schedule` lays a plan's sessions out on dates. The rules: docs/delivery.md.
"""
