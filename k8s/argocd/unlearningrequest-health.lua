-- Argo CD health check of unlearning.dev/UnlearningRequest, installed in argocd-cm under
-- resource.customizations.health.unlearning.dev_UnlearningRequest (see argocd-cm-patch.yaml, which embeds this
-- file verbatim; ArgoCdHealthCheckTest keeps the two equal and runs this script on test fixtures).
-- Succeeded -> Healthy; Failed -> Degraded with the status message; Suspended (spec.suspend) -> Suspended;
-- Pending, Running, no status yet, a status that lags the spec (observedGeneration < generation) and a request
-- being deleted -> Progressing.
local hs = {}

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Request is being deleted"
  return hs
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to accept the request"
  return hs
end

local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local phase = status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = status.message or "Unlearning succeeded"
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = status.message or "Unlearning failed"
elseif phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = status.message or "Suspended"
elseif phase == "Pending" or phase == "Running" then
  hs.status = "Progressing"
  hs.message = status.message or phase
else
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. tostring(phase)
end
return hs
