[COURSE HEADER]
VERSION = 2
UNITS = ENGLISH
DESCRIPTION = Three points of power: hands, core and feet. | Before you ride: Glute bridge: 15 reps; Clamshell: 12 reps each side; Dead bug: 45s
FILE NAME = Standing technique W1.mrc
MINUTES PERCENT
[END COURSE HEADER]
[COURSE DATA]
0.0000	45
10.0000	70
10.0000	75
12.0000	75
12.0000	55
15.0000	55
15.0000	75
17.0000	75
17.0000	55
20.0000	55
20.0000	75
22.0000	75
22.0000	55
25.0000	55
25.0000	65
33.0000	45
[END COURSE DATA]
[COURSE TEXT]
0	Spin up | Cadence 85-95 rpm	10
600	Standing 1/3 | Stand and dance on the pedals | Cadence 50-60 rpm	10
620	Hands: thumb grip on the hoods, weight on the heel of the hand	10
650	Core: bring the elbow toward the rising knee	10
705	Sit down and keep it smooth	10
720	Easy spin | Sit down | Cadence 85-95 rpm	10
900	Standing 2/3 | Stand and dance on the pedals | Cadence 50-60 rpm	10
920	Hands: thumb grip on the hoods, weight on the heel of the hand	10
950	Core: bring the elbow toward the rising knee	10
1005	Sit down and keep it smooth	10
1020	Easy spin | Sit down | Cadence 85-95 rpm	10
1200	Standing 3/3 | Stand and dance on the pedals | Cadence 50-60 rpm	10
1220	Hands: thumb grip on the hoods, weight on the heel of the hand	10
1250	Core: bring the elbow toward the rising knee	10
1305	Sit down and keep it smooth	10
1320	Easy spin | Sit down | Cadence 85-95 rpm	10
[END COURSE TEXT]
