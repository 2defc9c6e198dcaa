-- Argo CD resource actions of unlearning.dev/UnlearningRequest (installed by argocd-cm-patch.yaml, which embeds
-- this file and the two action.lua files verbatim; ArgoCdActionsTest runs them). suspend sets spec.suspend to true,
-- resume sets it to false; neither is offered for a finished request.
local actions = {}
local suspended = obj.spec ~= nil and obj.spec.suspend == true
local finished = obj.status ~= nil and (obj.status.phase == "Succeeded" or obj.status.phase == "Failed")
actions["suspend"] = {["disabled"] = suspended or finished, ["iconClass"] = "fa fa-fw fa-pause"}
actions["resume"] = {["disabled"] = (not suspended) or finished, ["iconClass"] = "fa fa-fw fa-play"}
return actions
