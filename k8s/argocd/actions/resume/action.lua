-- Resumes a suspended run: the operator resumes its Job and the worker starts over.
if obj.spec == nil then
  obj.spec = {}
end
obj.spec.suspend = false
return obj
