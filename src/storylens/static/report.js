(function(){
function flash(id){var t=id&&document.getElementById(id);if(!t)return;
var on=document.querySelectorAll('[data-s~="'+id+'"]');
for(var i=0;i<on.length;i++){on[i].classList.add('flash');}
setTimeout(function(){for(var i=0;i<on.length;i++){on[i].classList.remove('flash');}},2200);
var d=t.closest('details');if(d)d.open=true;t.scrollIntoView({block:'center'});}
window.addEventListener('hashchange',function(){flash(location.hash.slice(1));});
if(location.hash)flash(location.hash.slice(1));
})();
