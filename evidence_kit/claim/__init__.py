"""Pure computation on a Case: schedules, the timeline walk, fees, limitation, enforcement interest."""
