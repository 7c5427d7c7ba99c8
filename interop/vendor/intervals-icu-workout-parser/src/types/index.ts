export type {
  WorkoutStructure,
  WorkoutSection,
  WorkoutStep,
  StepDuration,
  StepTarget,
  PowerValue,
  HRValue,
  PaceValue,
  PowerZone,
  HRZone,
  PaceZone,
  PaceUnit,
  StepPrompt,
  StepFlag,
  IntensityOverride,
} from './workout-structure'

export type { StructuredWorkout } from './structured-workout'

export type { SportZones } from './zones'
