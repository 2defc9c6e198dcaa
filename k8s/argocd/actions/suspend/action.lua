-- Suspends the run: the operator suspends its Job, whose pods stop; the request shows phase Suspended.
if obj.spec == nil then
  obj.spec = {}
end
obj.spec.suspend = true
return obj
