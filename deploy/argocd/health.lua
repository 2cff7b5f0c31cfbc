-- Argo CD health for every crosstenant.io kind (resource.customizations.health.crosstenant.io_*).
-- Reads the kstatus conditions the operator publishes: Ready always, Reconciling / Stalled while they hold.
-- Argo CD runs this with gopher-lua (Lua 5.1) and most standard libraries off: base functions only.
local hs = {}

-- Ready=False reasons that no amount of waiting fixes: a person has to change the spec, a Secret,
-- the app registration's permissions, or approve deletions; a quarantine holds for hours. Only reasons
-- the operator sets. Anything else is still converging.
local terminalReasons = {
  CredentialsInvalid = true,
  SecretNotFound = true,
  SecretKeyMissing = true,
  PermissionsMissing = true,
  ExpressionInvalid = true,
  MappingInvalid = true,
  ScopeInvalid = true,
  OverlappingSyncScope = true,
  DeletionThresholdExceeded = true,
  Quarantined = true,
}

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function describe(condition, fallback)
  if condition ~= nil then
    if condition.message ~= nil and condition.message ~= "" then
      return condition.message
    end
    if condition.reason ~= nil and condition.reason ~= "" then
      return condition.reason
    end
  end
  return fallback
end

local status = obj.status or {}
local conditions = status.conditions
local ready = findCondition(conditions, "Ready")
local reconciling = findCondition(conditions, "Reconciling")
local stalled = findCondition(conditions, "Stalled")

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Suspended: spec.suspend is true"
  return hs
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: waiting for the operator's finalizer"
  return hs
end

local observed = status.observedGeneration
if observed == nil and ready ~= nil then
  observed = ready.observedGeneration
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil and observed ~= obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(obj.metadata.generation)
  return hs
end

if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(ready, describe(stalled, "Stalled"))
  return hs
end

if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(ready, describe(reconciling, "Reconciling"))
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a Ready condition"
  return hs
end

if ready.status == "True" then
  -- Ready, yet part of the work cannot happen: users failing again and again (Synced=False,
  -- UsersFailed), or rules reading attributes no SyncScope synchronizes (AttributesNotSynced=True).
  local synced = findCondition(conditions, "Synced")
  local notSynced = findCondition(conditions, "AttributesNotSynced")
  if synced ~= nil and synced.status == "False" and synced.reason == "UsersFailed" then
    hs.status = "Degraded"
    hs.message = describe(synced, "UsersFailed")
    return hs
  end
  if notSynced ~= nil and notSynced.status == "True" then
    hs.status = "Degraded"
    hs.message = describe(notSynced, "AttributesNotSynced")
    return hs
  end
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  return hs
end

if ready.status == "False" and terminalReasons[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, ready.reason)
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, "Not ready yet")
return hs
