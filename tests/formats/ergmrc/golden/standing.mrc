[COURSE HEADER]
VERSION = 2
UNITS = ENGLISH
DESCRIPTION = Three points of power. Hands, core and feet. | Before you ride: Glute bridge: 15 reps; Clamshell: 12 reps each side
FILE NAME = Standing technique.mrc
MINUTES PERCENT
[END COURSE HEADER]
[COURSE DATA]
0.0000	45
10.0000	70
10.0000	75
11.3333	75
11.3333	55
13.0000	55
13.0000	75
14.3333	75
14.3333	55
16.0000	55
16.0000	65
24.0000	45
[END COURSE DATA]
[COURSE TEXT]
0	Warm up | Cadence 85-95 rpm	10
600	Set 1/2 | Stand 1 | Cadence 50-60 rpm	10
620	Hands on the hoods	10
665	Sit down soon	5
680	Power 50-60% | Cadence 90 rpm	10
780	Set 2/2 | Stand 2 | Cadence 50-60 rpm	10
800	Hands on the hoods	10
845	Sit down soon	5
860	Power 50-60% | Cadence 90 rpm	10
960	Cool down	10
[END COURSE TEXT]
